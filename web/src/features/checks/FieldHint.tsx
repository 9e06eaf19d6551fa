/** A field's hint, or its problem in its place (red, and what aria-describedby reads). */
export function FieldHint({ id, hint, problem }: { id: string; hint?: string | undefined; problem: string | null }) {
  if (!problem && !hint) return null;
  return (
    <p id={id} className={problem ? 'hint text-danger' : 'hint'}>
      {problem ?? hint}
    </p>
  );
}
