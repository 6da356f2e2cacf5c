// The headers that make a headset softphone answer an INVITE by itself (DESIGN: phone mode
// `auto-answer`, sent once the agent accepted in the seat).
export function autoAnswerHeaders(realm: string): Record<string, string> {
  return {'Call-Info': `<sip:${realm}>;answer-after=0`};
}
