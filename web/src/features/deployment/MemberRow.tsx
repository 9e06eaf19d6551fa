import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types.ts';
import { asConfirm, ConfirmAction } from '../../ui/ConfirmAction.tsx';
import type { Removal } from '../../ui/removal.ts';

interface Props {
  member: Member;
  roleTitle: (key: string) => string;
  isMe: boolean;
  /** Set when the viewer may remove members: the removal, its state and its error belong to the section. */
  removal?: Removal | undefined;
}

/** One team member; removing asks once more, with Cancel focused so Enter does no harm. */
export function MemberRow({ member: m, roleTitle, isMe, removal }: Props) {
  const { t } = useTranslation();
  return (
    <li className="member" data-testid="member" data-user-id={m.userId}>
      <span className="member-person">
        <span className="member-name">
          {m.displayName}
          {isMe && <span className="tag tag-spaced">{t('team.you')}</span>}
        </span>
        <span className="subtle break-anywhere">{m.email}</span>
      </span>
      <span className="member-role">
        <span className="visually-hidden">{t('team.role')}: </span>
        {roleTitle(m.role)}
      </span>
      {removal && (
        <ConfirmAction
          label={t('team.remove')}
          ariaLabel={t('team.removeNamed', { name: m.displayName })}
          question={t('team.confirmRemove', { name: m.displayName })}
          confirmLabel={t('team.confirm')}
          {...asConfirm(removal)}
          className="member-confirm"
        />
      )}
    </li>
  );
}
