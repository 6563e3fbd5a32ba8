import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../components/error-alert.tsx';
import { AuthFrame } from './auth-frame.tsx';
import { emailProblem } from './validation.ts';

export function SignInPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const { signIn, state } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/shops';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const emailError = emailProblem(email);
    if (emailError) return setProblem(t(emailError));
    setBusy(true);
    setProblem(null);
    try {
      await signIn(email.trim(), password);
      void navigate(from, { replace: true });
    } catch (error) {
      setProblem(errorMessage(error, tc));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('signInTitle')}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          {state.status === 'signed-out' && state.reason === 'ended' && !problem && (
            <Alert color="yellow" variant="light">
              {tc('sessionEnded')}
            </Alert>
          )}
          {problem && (
            <Alert color="red" variant="light" role="alert">
              {problem}
            </Alert>
          )}
          <TextInput label={t('email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t('password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={busy} fullWidth>
            {t('signIn')}
          </Button>
          <Text size="sm" ta="center">
            {t('noAccount')}{' '}
            <Anchor component={Link} to="/signup">
              {t('createAccount')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
