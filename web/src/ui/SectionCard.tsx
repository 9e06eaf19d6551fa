import type { ReactNode, Ref } from 'react';

interface Props {
  id: string;
  title: ReactNode;
  intro?: string | undefined;
  /** The heading takes focus when what had it goes away (a removed row). */
  headingRef?: Ref<HTMLHeadingElement> | undefined;
  testId?: string | undefined;
  children: ReactNode;
}

/** A card section with its heading and a one-line introduction. */
export function SectionCard({ id, title, intro, headingRef, testId, children }: Props) {
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="section-head">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {intro && <p className="muted">{intro}</p>}
      </div>
      {children}
    </section>
  );
}
