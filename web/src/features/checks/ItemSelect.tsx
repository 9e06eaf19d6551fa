import { useTranslation } from 'react-i18next';
import type { Deployment, Item } from '../../api/types.ts';
import { useTemplateText } from '../../i18n/template-text.ts';
import { groupBy } from '../../lib/collections.ts';

/** The item a check proves: the deployment's items by section, then its success criteria; or none. */
export function ItemSelect({ id, deployment, items, value, onChange }: { id: string; deployment: Deployment | undefined; items: Item[] | undefined; value: string; onChange: (key: string) => void }) {
  const { t } = useTranslation();
  const text = useTemplateText();
  const sections = new Map((deployment?.phases ?? []).flatMap((p) => p.sections.map((s) => [s.key, s.title] as const)));
  const groups = groupBy(items ?? [], (i) => (i.kind === 'criterion' ? 'criteria' : i.sectionKey));
  const known = !value || (items ?? []).some((i) => i.key === value);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={!items} aria-describedby={`${id}-hint`}>
      <option value="">{items ? t('checkForm.noItem') : t('common.loading')}</option>
      {!known && <option value={value}>{value}</option>}
      {[...groups.entries()].map(([key, list]) => (
        <optgroup key={key} label={key === 'criteria' ? t('criteria.title') : text('section', key, sections.get(key) ?? key)}>
          {list.map((i) => (
            <option key={i.key} value={i.key}>
              {t('checkForm.itemOption', { key: i.key, title: i.title })}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
