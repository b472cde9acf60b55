/** The i-th fuzz input of a seed: deterministic, so a failure names an input that can be replayed. */
import { Rng } from './prng';
import { decode, mutate } from './mutate';
import type { Sources } from './sources';

export interface FuzzCase {
  index: number;
  label: string;
  text: string;
}

export function fuzzCase(sources: Sources, seed: number, index: number): FuzzCase {
  const rng = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const file = rng.pick(sources.files);
  const { bytes, applied } = mutate(sources.read(file), rng, () => sources.read(rng.pick(sources.files)));
  return { index, label: `#${index} (seed ${seed}): ${file} + ${applied.join(', ')}`, text: decode(bytes) };
}
