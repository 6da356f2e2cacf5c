// Phrase slots: the documents write `*` where the agent fills in a name; zuoxi names them
// (`{line}`, `{topic}`, `{service}`, `{department}`, `{number}`, `{answer}`) so the seat can fill them.

const slotPattern = /\{([a-z][a-zA-Z0-9_]*)\}/g;

/** The named slots of a phrase, in order, without repeats. */
export function phraseSlots(phrase: string): string[] {
  return [...new Set([...phrase.matchAll(slotPattern)].map(m => m[1]))];
}

/** Fill the named slots; a slot without a value stays visible as `{name}` for the agent to say. */
export function fillPhrase(phrase: string, slots: Readonly<Record<string, string | undefined>>): string {
  return phrase.replace(slotPattern, (whole, name: string) => {
    const value = slots[name];
    return value === undefined || value === '' ? whole : value;
  });
}
