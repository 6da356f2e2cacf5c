// Which note fields the form shows for a call, from what is filled so far and the policy:
// R-05's mandatory caller fields for some call types, R-15 complaint, R-16 work order, R-08 callback.
import type {PolicyConfig} from '../rules/config.ts';
import {CallCategory} from '../sync/schema.ts';
import type {CallNotes} from '../client/seat-records.ts';
import type {NoteField} from './NotesForm.tsx';

export function noteFields(notes: CallNotes, policy: PolicyConfig): NoteField[] {
  const mandatory = notes.callType !== undefined && policy.notes.mandatoryForCallTypes.includes(notes.callType);
  const need = new Set(mandatory ? policy.notes.mandatoryFields : []);
  const fields: NoteField[] = [
    {name: 'callType', options: CallCategory.options},
    {name: 'surname', required: need.has('surname')},
    {name: 'phone', required: need.has('phone')},
    {name: 'address', required: need.has('address')},
    ...policy.notes.fiveW1H.map(name => ({name})),
    {name: 'disposition', options: ['resolved', 'callback', 'transferred', 'complaint', 'work_order', 'silent', 'wrong_number', 'other']},
  ];
  // a complaint holds content, whom it is about, caller phone (above) and time (the record's).
  if (notes.disposition === 'complaint' || notes.callType === 'complaint') fields.push({name: 'complaintContent', required: true}, {name: 'complaintAbout'}, {name: 'complaintDept'});
  //
  if (notes.disposition === 'work_order') fields.push({name: 'workOrderDept', required: true}, {name: 'workOrderSummary', required: true});
  //
  if (notes.disposition === 'callback') fields.push({name: 'callbackPromise', options: ['next_business_day', 'working_days', 'open_ended'], required: true}, {name: 'callbackNumber'});
  return fields;
}
