import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinTemplates } from './template.loader.ts';
import { templateProblems, flattenTemplate } from './template.validate.ts';
import { templateDocument, type TemplateDocument } from './template.schema.ts';

const SECTION_SLUGS = [
  'business-requirements', 'infrastructure-planning', 'security-setup', 'environment-setup', 'application-deployment',
  'data-migration', 'system-integrations', 'sso-authentication', 'monitoring-logging', 'functional-testing',
  'performance-testing', 'security-testing', 'uat', 'admin-training', 'end-user-training', 'documentation-handover',
  'pre-launch', 'launch-day', 'post-launch', 'stabilization', 'handoff-to-support',
];

/** The seed's checkboxes, in order, grouped by its `###` headings (success criteria by Technical/Business). */
function seedChecklist() {
  const text = fs.readFileSync(new URL('../../../tests/fixtures/seed-checklist.md', import.meta.url), 'utf8');
  const sections: { heading: string; items: string[] }[] = [];
  for (const line of text.split('\n')) {
    const h = /^### (.+)$/.exec(line) ?? /^\*\*(Technical|Business):\*\*$/.exec(line);
    if (h) sections.push({ heading: h[1]!, items: [] });
    const item = /^- \[ \] (.+)$/.exec(line);
    if (item) sections.at(-1)!.items.push(item[1]!);
  }
  return sections;
}

describe('built-in enterprise-deployment template', () => {
  const [doc] = loadBuiltinTemplates() as [TemplateDocument];
  const seed = seedChecklist();

  it('has the seed’s 7 phases, 21 sections and 98 items with verbatim titles, in order', () => {
    expect(doc.key).toBe('enterprise-deployment');
    expect(doc.phases).toHaveLength(7);
    const sections = doc.phases.flatMap((p) => p.sections);
    expect(sections.map((s) => s.key)).toEqual(SECTION_SLUGS);
    expect(sections.map((s) => s.title)).toEqual(seed.slice(0, 21).map((s) => s.heading));
    sections.forEach((section, i) => {
      expect(section.items.map((it) => it.title)).toEqual(seed[i]!.items);
      expect(section.items.map((it) => it.key)).toEqual(section.items.map((_, n) => `${section.key}.${n + 1}`));
    });
    expect(sections.flatMap((s) => s.items)).toHaveLength(98);
  });

  it('has the 8 success criteria, technical and business, verbatim', () => {
    expect(doc.criteria.map((g) => g.key)).toEqual(['success-technical', 'success-business']);
    expect(doc.criteria[0]!.items.map((i) => i.title)).toEqual(seed[21]!.items);
    expect(doc.criteria[1]!.items.map((i) => i.title)).toEqual(seed[22]!.items);
    expect(doc.criteria.flatMap((g) => g.items.map((i) => i.key))).toEqual([
      'success-technical.1', 'success-technical.2', 'success-technical.3', 'success-technical.4',
      'success-business.1', 'success-business.2', 'success-business.3', 'success-business.4',
    ]);
  });

  it('marks the seed’s conditional items optional and only those', () => {
    const optional = flattenTemplate(doc).filter((f) => f.item.optional).map((f) => f.item.title);
    expect(optional.sort()).toEqual(
      ['VPN access configured (if needed)', 'Accounting software sync (if applicable)', 'Mobile app tested (if applicable)', 'Bug hotfixes deployed as needed', 'Additional training as needed'].sort(),
    );
  });

  it('carries the dependencies the seed implies', () => {
    const deps = new Map(flattenTemplate(doc).map((f) => [f.item.key, f.item.dependsOn]));
    expect(deps.get('data-migration.4')).toContain('data-migration.3'); // staging before production import
    expect(deps.get('security-testing.1')).toContain('security-setup.4'); // scheduled before completed
    expect(deps.get('pre-launch.2')).toContain('infrastructure-planning.3'); // strategy before verified restore
  });
});

describe('template validation', () => {
  const base = (): TemplateDocument =>
    templateDocument.parse({
      key: 'mini',
      version: 1,
      name: 'Mini',
      roles: [{ key: 'solutions_architect', title: 'SA', side: 'vendor' }],
      phases: [
        {
          key: 'one',
          title: 'One',
          label: 'Week 1',
          days: [0, 6],
          sections: [
            {
              key: 'alpha',
              title: 'Alpha',
              items: [
                { key: 'alpha.1', title: 'A1', done: 'd', owner: 'solutions_architect' },
                { key: 'alpha.2', title: 'A2', done: 'd', owner: 'solutions_architect', dependsOn: ['alpha.1'] },
              ],
            },
          ],
        },
      ],
    });

  it('accepts a sound template', () => expect(templateProblems(base())).toEqual([]));

  it('rejects a dependency cycle, naming it', () => {
    const doc = base();
    doc.phases[0]!.sections[0]!.items[0]!.dependsOn = ['alpha.2'];
    expect(templateProblems(doc).join()).toMatch(/cycle: alpha\.\d → alpha\.\d → alpha\.\d/);
  });

  it('rejects unknown dependencies, duplicate keys and keys outside their section', () => {
    const doc = base();
    doc.phases[0]!.sections[0]!.items[1]!.dependsOn = ['alpha.9'];
    doc.phases[0]!.sections[0]!.items.push({ ...doc.phases[0]!.sections[0]!.items[0]!, key: 'beta.1' });
    doc.phases[0]!.sections[0]!.items.push({ ...doc.phases[0]!.sections[0]!.items[0]! });
    const problems = templateProblems(doc).join('\n');
    expect(problems).toContain('alpha.9, which does not exist');
    expect(problems).toContain('key must start with "alpha."');
    expect(problems).toContain('alpha.1 is used twice');
  });

  it('rejects a dependency on an item scheduled after the dependent is due', () => {
    const doc = base();
    doc.phases[0]!.sections[0]!.items[0]!.days = [5, 6];
    doc.phases[0]!.sections[0]!.items[1]!.days = [0, 2];
    expect(templateProblems(doc).join()).toContain('scheduled to start after');
  });
});
