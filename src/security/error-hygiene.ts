/**
 * Removes graphql-js' "Did you mean ...?" suggestions from an error message: they would spell out
 * the schema to a client that may not introspect it. Apollo does the same for HTTP
 * (`hideSchemaDetailsFromClientErrors`); this is for the WebSocket path.
 */
export function hideSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}
