import { fairShare } from './fair-share.js';

const census = (activeAccounts: number, ...replicas: [string, number?][]) => ({
  activeAccounts,
  replicas: replicas.map(([id, maxAccounts]) => ({ id, maxAccounts })),
});

describe('fairShare', () => {
  it('splits the accounts evenly, the remainder to the first ids', () => {
    const c = census(31, ['c'], ['a'], ['b']);
    expect(['a', 'b', 'c'].map((id) => fairShare(id, c))).toEqual([11, 10, 10]);
    const even = census(30, ['a'], ['b'], ['c']);
    expect(['a', 'b', 'c'].map((id) => fairShare(id, even))).toEqual([10, 10, 10]);
  });

  it('fills capped replicas first and gives the rest to the others', () => {
    const c = census(30, ['a', 4], ['b'], ['c', 20]);
    expect(['a', 'b', 'c'].map((id) => fairShare(id, c))).toEqual([4, 13, 13]);
  });

  it('never exceeds a cap, even when the accounts outnumber the capacity', () => {
    const c = census(30, ['a', 5], ['b', 5]);
    expect([fairShare('a', c), fairShare('b', c)]).toEqual([5, 5]);
  });

  it('gives a lone replica everything and an unknown one nothing', () => {
    expect(fairShare('a', census(7, ['a']))).toBe(7);
    expect(fairShare('z', census(7, ['a']))).toBe(0);
  });
});
