import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../components/error-alert.tsx';
import { AuthFrame } from './auth-frame.tsx';
import { emailProblem, passwordProblem } from './validation.ts';

/** Sign up, then sign in at once (the API's register answers the same for every email, with no token). */
export function SignUpPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ email?: string; password?: string; repeat?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      ...(emailProblem(email) && { email: t('emailInvalid') }),
      ...(passwordProblem(password) && { password: t('passwordShort') }),
      ...(password !== repeat && { repeat: t('passwordsDiffer') }),
    };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/auth/register/', { body: { email: email.trim(), password } }));
      await signIn(email.trim(), password);
      void navigate('/shops', { replace: true });
    } catch (error) {
      setProblems({ form: errorMessage(error, tc) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('signUpTitle')}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          {problems.form && (
            <Alert color="red" variant="light" role="alert">
              {problems.form}
            </Alert>
          )}
          <TextInput label={t('email')} type="email" autoComplete="username" required value={email} error={problems.email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput
            label={t('password')}
            description={t('passwordHint')}
            autoComplete="new-password"
            required
            value={password}
            error={problems.password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput label={t('passwordRepeat')} autoComplete="new-password" required value={repeat} error={problems.repeat} onChange={(e) => setRepeat(e.currentTarget.value)} />
          <Button type="submit" loading={busy} fullWidth>
            {t('signUp')}
          </Button>
          <Text size="sm" ta="center">
            {t('haveAccount')}{' '}
            <Anchor component={Link} to="/signin">
              {t('signIn')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
