/**
 * `rules` with the entries of `overrides` put in place of the rules of the same name (an entry
 * with a new name is appended; `null` switches a rule off). Shared by the cleanup table and the
 * Markdown rule table, so both can be tuned by name.
 */
export function replaceRules<Rule extends { name: string }>(
  rules: readonly Rule[],
  overrides: Record<string, Rule | null>,
): Rule[] {
  const out: Rule[] = [];
  for (const rule of rules) {
    if (!(rule.name in overrides)) out.push(rule);
    else if (overrides[rule.name]) out.push(overrides[rule.name]!);
  }
  for (const [name, rule] of Object.entries(overrides)) {
    if (rule && !rules.some((r) => r.name === name)) out.push(rule);
  }
  return out;
}
