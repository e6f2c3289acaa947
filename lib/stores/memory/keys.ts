/** A Map key for a survey (ids never contain NUL). */
export const surveyKey = (collaborationId: string, surveyId: string) => `${collaborationId}\u0000${surveyId}`;

/** The value under `key`, created empty on first use. */
export const entryOf = <K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> => {
  const found = map.get(key);
  if (found) return found;
  const created = new Map<string, V>();
  map.set(key, created);
  return created;
};
