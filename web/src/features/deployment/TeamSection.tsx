import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useMembers, useRemoveMember } from '../../api/deployments.ts';
import type { Deployment, Member } from '../../api/types.ts';
import { LiveMessage, QueryView } from '../../ui/Status.tsx';
import { removalFor } from '../../ui/removal.ts';
import { AddMemberForm } from './AddMemberForm.tsx';
import { MemberRow } from './MemberRow.tsx';
import type { useTemplateNames } from './roles.ts';
import { sortTeam } from './team.ts';

/** Who works on this deployment and in which role; members managers add and remove people here. */
export function TeamSection({ deployment: d, names }: { deployment: Deployment; names: ReturnType<typeof useTemplateNames> }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const members = useMembers(d.id);
  const remove = useRemoveMember(d.id);
  const canManage = d.myPermissions.includes('deployment.members.manage');
  const heading = useRef<HTMLHeadingElement>(null);
  const [removed, setRemoved] = useState<string | null>(null);

  // The removed row (and the button that had focus) goes away: focus moves to the heading, the result is announced.
  const removal = removalFor(remove, (m: Member) => m.userId, (m) => {
    setRemoved(t('team.removed', { name: m.displayName }));
    heading.current?.focus();
  });

  return (
    <section className="card team" aria-labelledby="team-title" data-testid="team">
      <div className="section-head">
        <h2 id="team-title" ref={heading} tabIndex={-1}>
          {t('team.title')} {members.data && <span className="count">({members.data.length})</span>}
        </h2>
        <p className="muted">{t('team.intro')}</p>
      </div>
      <QueryView query={members}>
        {(list) =>
          list.length ? (
            <ul className="team-list">
              {sortTeam(list, names.roles).map((m) => (
                <MemberRow key={m.userId} member={m} roleTitle={names.roleTitle} isMe={m.userId === me?.id} removal={canManage ? removal(m) : undefined} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t('team.none')}</p>
          )
        }
      </QueryView>
      <LiveMessage message={removed} />
      {canManage && <AddMemberForm deployment={d} members={members.data ?? []} names={names} onAdded={() => setRemoved(null)} />}
    </section>
  );
}
