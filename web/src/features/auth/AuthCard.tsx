import type { FormEvent, ReactNode } from 'react';

/** The narrow centred card of the setup and sign-in forms. */
export function AuthCard({ title, intro, onSubmit, children }: { title: string; intro: string; onSubmit: () => void; children: ReactNode }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section className="auth-card card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      <p className="muted">{intro}</p>
      <form onSubmit={submit} className="form-stack">
        {children}
      </form>
    </section>
  );
}
