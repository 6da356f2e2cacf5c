// The seat during a call: header (talk and hold time), script panel, and below it the transfer
// form, the R-10 hold nudges, the R-12 silent-call protocol, or the R-13 offer and the notes.
import {Box} from 'ink';
import type {PolicyConfig} from '../rules/config.ts';
import {holdNudge, beforeHoldPrompt} from '../rules/hold.ts';
import {offerCheck} from '../rules/offers.ts';
import {fillForAgent} from './slots.ts';
import {stagePhrases, type ScriptPhrase} from '../rules/script.ts';
import {silentCall} from '../rules/silent.ts';
import type {TransferTarget} from '../sip/protocol.ts';
import type {CallNotes} from '../client/seat-records.ts';
import type {ActiveCall} from '../client/seat-session.ts';
import {CallHeader} from './CallHeader.tsx';
import {stringWidth} from './format.ts';
import {fmt, type Lang, type Messages} from './i18n.ts';
import {HoldPanel} from './HoldPanel.tsx';
import {noteFields} from './note-fields.ts';
import {NotesForm, type NoteField} from './NotesForm.tsx';
import {OfferPanel} from './OfferPanel.tsx';
import {ScriptPanel} from './ScriptPanel.tsx';
import {SilentPanel} from './SilentPanel.tsx';
import {TransferForm} from './TransferForm.tsx';
import type {CallScript, CallUi} from './use-call-script.ts';

export type CallViewProps = {
  readonly t: Messages;
  readonly lang: Lang;
  readonly policy: PolicyConfig;
  readonly call: ActiveCall;
  /** The call's UI state (stage, phrase, silent protocol, offers). */
  readonly ui: CallUi;
  readonly script: CallScript;
  readonly notes: CallNotes;
  /** Server-time now. */
  readonly now: number;
  readonly width: number;
  /** Rows between the state bar and the hints. */
  readonly bodyRows: number;
  /** The transfer form is open. */
  readonly transferring: boolean;
  /** The notes form has the keys. */
  readonly editing: boolean;
  /** Whether the transfer form / notes form has the keys right now (read per key). */
  readonly transferLive: () => boolean;
  readonly notesLive: () => boolean;
  /** The notes form's focused field, shared by the call's and the after-call form. */
  readonly noteFocus?: {current: string | undefined};
  readonly readNote: (name: NoteField['name']) => string;
  readonly onNoteChange: (name: NoteField['name'], value: string) => void;
  readonly onTransfer: (target: TransferTarget) => void;
  /** Esc from a form. */
  readonly onLeave: () => void;
  /** The R-13 value-added offer phrase. */
  readonly offerPhrase: string;
  readonly queueName: (id: string) => string;
};

export function CallView({t, lang, policy, call, ui, script, notes, now, width, bodyRows, transferring, editing, transferLive, notesLive, noteFocus, readNote, onNoteChange, onTransfer, onLeave, offerPhrase, queueName}: CallViewProps) {
  const text = (p: ScriptPhrase) => (lang === 'en' ? p.en : p.zh);
  const heldMs = call.holdSince !== undefined ? Math.max(0, now - call.holdSince) : undefined;
  // The script panel's height, so the notes form below takes exactly the rows that are left.
  const sayRows = Math.ceil((stringWidth(script.sayNow) + 16) / (width - 4));
  const scriptRows = 2 + 1 + sayRows + Math.min(4, script.alternatives.length) + (script.reactions.length > 0 ? 1 : 0);
  const fields = noteFields(notes, policy);
  let lower: React.ReactNode;
  if (transferring) {
    const failed = call.transfers.at(-1)?.ok === false;
    lower = <TransferForm t={t} active live={transferLive} phrase={fillForAgent(text(stagePhrases('transfer', policy)[0] as ScriptPhrase), {}, t)}
      failedPhrase={failed ? text(stagePhrases('transfer_failed', policy)[0] as ScriptPhrase) : undefined}
      onSubmit={onTransfer} onCancel={onLeave}/>;
  } else if (heldMs !== undefined) {
    const n = holdNudge(heldMs, policy);
    lower = <HoldPanel t={t} heldMs={heldMs} beforePhrase={beforeHoldPrompt(policy)} nudge={n.current}
      nextInSeconds={Math.ceil((n.next.atMs - heldMs) / 1000)} thankOnReturn={n.thankOnReturn ? policy.holdNudges.patiencePhrase : undefined}/>;
  } else if (ui.silentSince !== undefined) {
    const s = silentCall(now - ui.silentSince, policy);
    lower = <SilentPanel t={t} phrase={s.phrase} step={s.step === 'greet' ? 1 : s.step === 'repeat' ? 2 : 3}
      nextInSeconds={s.nextAtMs === undefined ? undefined : Math.ceil((s.nextAtMs - (now - ui.silentSince)) / 1000)} mayRelease={s.mayRelease}/>;
  } else {
    const check = offerCheck(ui.offers, policy);
    lower = (
      <Box flexDirection="column">
        {ui.awaitingOffer || ui.offers.offers > 0 ? (
          <OfferPanel t={t} offers={ui.offers.offers} declined={ui.offers.declined} allowed={check.allowed} awaiting={ui.awaitingOffer} phrase={offerPhrase} max={policy.offers.maxPerCall}/>
        ) : null}
        <NotesForm t={t} fields={fields} notes={notes} read={readNote} live={notesLive} active={editing} onChange={onNoteChange} onDone={onLeave} focus={noteFocus}
          rows={Math.max(3, bodyRows - 1 - scriptRows - 4 - (ui.awaitingOffer || ui.offers.offers > 0 ? 3 : 0))} width={width}/>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <CallHeader t={t} caller={call.caller || '—'} queue={queueName(call.queue)} talkMs={now - call.answeredAt} holdMs={heldMs} late={call.late}
        addressAs={notes.surname ? fmt(t.call.surname, {name: notes.surname}) : undefined}/>
      <ScriptPanel t={t} stage={script.stage} sayNow={script.sayNow} alternatives={script.alternatives} reactions={script.reactions} next={script.next} width={width}/>
      {lower}
    </Box>
  );
}
