/** Lets the tests add measurements and notes to the JSON summary that `index.ts` writes at the end. */
import type { ActivationTiming, Summary } from '../lib/summary';

export const report: { summary?: Summary } = {};

export function recordActivation(activation: ActivationTiming): void {
  if (report.summary) report.summary.activation = activation;
}

export function recordTiming(name: string, ms: number): void {
  if (report.summary) report.summary.timings[name] = Math.round(ms * 10) / 10;
}

export function note(text: string): void {
  if (report.summary && !report.summary.notes.includes(text)) report.summary.notes.push(text);
}
