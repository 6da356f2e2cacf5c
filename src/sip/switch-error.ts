// A seat's command the switch refused: `code` for programs, `message` for the person. Thrown
// before anything changed.
export class SwitchError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'SwitchError';
  }
}
