import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, onUnauthorized, setCsrfToken, unwrap } from '../api/client.ts';
import { i18n, rememberLanguageOnDevice } from '../i18n/index.ts';
import { isLanguage, type Language } from '../i18n/languages.ts';

/** The signed-in user as GET /auth/session/ answers. */
export interface SessionUser {
  id: string;
  email: string;
  is_admin: boolean;
  language?: string;
}

type SessionState = { status: 'loading' } | { status: 'signed-out'; reason?: 'ended' } | { status: 'signed-in'; user: SessionUser };

interface SessionContextValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function applyUserLanguage(user: SessionUser): void {
  if (isLanguage(user.language) && user.language !== i18n.language) {
    void i18n.changeLanguage(user.language);
    rememberLanguageOnDevice(user.language);
  }
}

/** Holds who is signed in. The session itself is an HttpOnly cookie; the page only keeps the CSRF token. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const signedIn = useCallback((answer: { user: SessionUser; csrf_token: string }) => {
    setCsrfToken(answer.csrf_token);
    applyUserLanguage(answer.user);
    setState({ status: 'signed-in', user: answer.user });
  }, []);

  useEffect(() => {
    let cancelled = false;
    api
      .GET('/api/v1/auth/session/')
      .then(({ data, response }) => {
        if (cancelled) return;
        if (response.ok && data) signedIn(data as { user: SessionUser; csrf_token: string });
        else setState({ status: 'signed-out' });
      })
      .catch(() => !cancelled && setState({ status: 'signed-out' }));
    return () => {
      cancelled = true;
    };
  }, [signedIn]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(undefined);
        queryClient.clear();
        setState({ status: 'signed-out', reason: 'ended' });
      }),
    [queryClient],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      async signIn(email, password) {
        const answer = await unwrap(api.POST('/api/v1/auth/session/', { body: { email, password } }));
        queryClient.clear();
        signedIn(answer as { user: SessionUser; csrf_token: string });
      },
      async signOut() {
        try {
          await unwrap(api.DELETE('/api/v1/auth/session/'));
        } finally {
          setCsrfToken(undefined);
          queryClient.clear();
          setState({ status: 'signed-out' });
        }
      },
      async setLanguage(language) {
        rememberLanguageOnDevice(language);
        await i18n.changeLanguage(language);
        if (state.status !== 'signed-in') return;
        const user = await unwrap(api.PATCH('/api/v1/auth/me/', { body: { language } }));
        setState({ status: 'signed-in', user: user as SessionUser });
      },
    }),
    [state, queryClient, signedIn],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for pages behind RequireSession. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser on a signed-out page');
  return state.user;
}
