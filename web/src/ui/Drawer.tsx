import { useLayoutEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A side panel built on the native modal <dialog>: focus stays inside, Esc closes, the
 * page behind is inert. Closing gives focus back to what opened it.
 */
export function Drawer({ labelledBy, onClose, children }: { labelledBy: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onBackdrop = (e: MouseEvent<HTMLDialogElement>) => {
    if (e.target === ref.current) onClose();
  };

  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={onBackdrop}
    >
      <div className="drawer-frame">
        <button type="button" className="drawer-close button button-ghost" onClick={onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('common.close')}</span>
        </button>
        {children}
      </div>
    </dialog>
  );
}
