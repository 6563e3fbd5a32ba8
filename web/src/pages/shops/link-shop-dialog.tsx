import { Alert, Button, Group, Loader, Modal, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { errorMessage } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { type LinkStep, looksLikeEmail, nextStep, normalizePhone, normalizeSmsCode } from './link-flow.ts';
import { startSyncs } from './shops-api.ts';

type Method = 'email' | 'phone';

/**
 * Links a Kaspi account (every merchant of it becomes a shop), or signs an existing shop in again: e-mail
 * and password, then the SMS code when Kaspi asks; or a phone, then its SMS code. A login runs a browser
 * at Kaspi and takes seconds: the dialog says so while it waits, and shows the API's detail when it fails.
 */
export function LinkShopDialog({ opened, onClose, login }: { opened: boolean; onClose: () => void; login?: string }) {
  const { t } = useTranslation('shops');
  const { t: tc } = useTranslation();
  const language = useLanguage();
  const queryClient = useQueryClient();
  const knownPhone = login && !login.includes('@') ? login : '';
  const [method, setMethod] = useState<Method>(knownPhone ? 'phone' : 'email');
  const [email, setEmail] = useState(login?.includes('@') ? login : '');
  const [password, setPassword] = useState('');
  const [phone, setPhone] = useState(knownPhone);
  const [code, setCode] = useState('');
  const [step, setStep] = useState<LinkStep>({ step: 'credentials' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const linked = async (next: LinkStep) => {
    setStep(next);
    if (next.step === 'done') {
      await startSyncs(next.stores.map((s) => s.store_id));
      await queryClient.invalidateQueries({ queryKey: ['stores'] });
    }
  };

  const signIn = useMutation({
    mutationFn: async () => {
      if (method === 'email') return nextStep(await unwrap(api.POST('/api/v1/kaspi/auth/authenticate/', { body: { email: email.trim(), password } })), email.trim());
      const normalized = normalizePhone(phone) ?? phone;
      return nextStep(await unwrap(api.POST('/api/v1/kaspi/auth/sms_start/', { body: { phone: normalized } })), `+${normalized}`);
    },
    // Not awaited: the mutation (and `busy`, which keeps the dialog open) ends when Kaspi answered; starting
    // the first syncs afterwards must not hold "Готово" back.
    onSuccess: (next) => void linked(next),
  });
  const verify = useMutation({
    mutationFn: async (sessionId: string) => nextStep(await unwrap(api.POST('/api/v1/kaspi/auth/sms_verify/', { body: { session_id: sessionId, code: normalizeSmsCode(code) ?? code } })), ''),
    onSuccess: (next) => void linked(next),
  });
  const busy = signIn.isPending || verify.isPending;

  function close() {
    if (busy) return; // the login at Kaspi is under way; closing would lose its answer
    setStep({ step: 'credentials' });
    setPassword('');
    setCode('');
    setFieldErrors({});
    signIn.reset();
    verify.reset();
    onClose();
  }

  function submitCredentials(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (method === 'email') {
      if (!looksLikeEmail(email)) problems['email'] = t('linkDialog.emailInvalid');
      if (!password) problems['password'] = t('linkDialog.passwordMissing');
    } else if (!normalizePhone(phone)) problems['phone'] = t('linkDialog.phoneInvalid');
    setFieldErrors(problems);
    if (Object.keys(problems).length === 0) signIn.mutate();
  }

  function submitCode(event: FormEvent, sessionId: string) {
    event.preventDefault();
    if (!normalizeSmsCode(code)) return setFieldErrors({ code: t('linkDialog.codeInvalid') });
    setFieldErrors({});
    verify.mutate(sessionId);
  }

  const failure = signIn.error ?? verify.error;
  const waiting = busy && (
    <Alert color="blue" variant="light" role="status" aria-live="polite">
      <Group gap="sm" wrap="nowrap">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('linkDialog.loggingIn')}</Text>
      </Group>
    </Alert>
  );
  const problem = failure && !busy && (
    <Alert color="red" variant="light" role="alert" title={tc('error')}>
      {errorMessage(failure, tc)}
    </Alert>
  );

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={login ? t('linkDialog.reloginTitle') : t('linkDialog.title')}
      closeOnClickOutside={!busy}
      withCloseButton={!busy}
      closeButtonProps={{ 'aria-label': tc('close') }}
      size="md"
    >
      {step.step === 'credentials' && (
        <form onSubmit={submitCredentials} noValidate>
          <Stack>
            <SegmentedControl
              fullWidth
              value={method}
              onChange={(value) => {
                setMethod(value as Method);
                setFieldErrors({});
                signIn.reset();
              }}
              data={[
                { value: 'email', label: t('linkDialog.byEmail') },
                { value: 'phone', label: t('linkDialog.byPhone') },
              ]}
              disabled={busy}
            />
            {method === 'email' ? (
              <>
                <TextInput
                  label={t('linkDialog.email')}
                  type="email"
                  autoComplete="off"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={fieldErrors['email']}
                  disabled={busy}
                  data-autofocus
                />
                <PasswordInput
                  label={t('linkDialog.password')}
                  autoComplete="off"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={fieldErrors['password']}
                  disabled={busy}
                />
                <Text size="xs" c="gray.7">
                  {t('linkDialog.secretNote')}
                </Text>
              </>
            ) : (
              <TextInput
                label={t('linkDialog.phone')}
                description={t('linkDialog.phoneHint')}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                required
                value={phone}
                onChange={(e) => setPhone(e.currentTarget.value)}
                error={fieldErrors['phone']}
                disabled={busy}
                data-autofocus
              />
            )}
            {waiting}
            {problem}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={busy}>
                {tc('cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {method === 'email' ? t('linkDialog.submit') : t('linkDialog.sendCode')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {step.step === 'sms' && (
        <form onSubmit={(event) => submitCode(event, step.sessionId)} noValidate>
          <Stack>
            <Text size="sm">{t('linkDialog.smsSent', { to: step.sentTo, until: formatDateTime(step.expiresAt, language) })}</Text>
            <TextInput
              label={t('linkDialog.smsCode')}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={fieldErrors['code']}
              disabled={busy}
              data-autofocus
              maxLength={12}
            />
            {waiting}
            {problem}
            <Group justify="space-between">
              <Button
                variant="subtle"
                disabled={busy}
                onClick={() => {
                  setStep({ step: 'credentials' });
                  setCode('');
                  verify.reset();
                  signIn.reset();
                }}
              >
                {t('linkDialog.startOver')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('linkDialog.verify')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {step.step === 'done' && (
        <Stack>
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('linkDialog.doneTitle')}>
            {t('linkDialog.doneText')}
          </Alert>
          <Stack gap={4} component="ul" style={{ margin: 0, paddingInlineStart: '1.2em' }}>
            {step.stores.map((s) => (
              <Text component="li" key={s.store_id} size="sm">
                {s.name}{' '}
                <Text span c="gray.7" size="sm">
                  ({s.merchant_id})
                </Text>
              </Text>
            ))}
          </Stack>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              {t('linkDialog.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
