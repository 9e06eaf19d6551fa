import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice.tsx';
import type { Removal } from './removal.ts';

interface Props {
  /** The button that asks: its text, and a fuller accessible name when the text alone is ambiguous in a list. */
  label: ReactNode;
  ariaLabel?: string | undefined;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
  /** Forget the last error when the user backs out. */
  reset?: (() => void) | undefined;
  className?: string | undefined;
}

/**
 * A destructive action that asks once more, with Cancel focused so Enter does no harm;
 * backing out gives focus back to the button that asked.
 */
export function ConfirmAction({ label, ariaLabel, question, confirmLabel, onConfirm, pending, error, reset, className = 'confirm-action' }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const id = useId();

  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const cancel = () => {
    reset?.();
    setConfirming(false);
  };

  if (!confirming) {
    return (
      <button ref={askButton} type="button" className="button button-small" aria-label={ariaLabel} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className={className} role="group" aria-labelledby={`${id}-ask`}>
      <p id={`${id}-ask`}>{question}</p>
      <div className="button-row">
        <button type="button" className="button button-small button-danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button ref={cancelButton} type="button" className="button button-small" onClick={cancel}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

/** A row's removal as ConfirmAction's props. */
export const asConfirm = (r: Removal) => ({ onConfirm: r.remove, pending: r.pending, error: r.error, reset: r.reset });
