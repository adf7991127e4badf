import { isTransientDbError, lostAnswerError } from './transient-db-error.js';

describe('isTransientDbError', () => {
  it('recognizes lost connections, shutdowns and serialization races', () => {
    const terminated = Object.assign(
      new Error('terminating connection due to administrator command'),
      {
        code: '57P01',
      },
    );
    const wrapped = Object.assign(new Error('QueryFailedError: …'), { driverError: terminated });
    const released = Object.assign(new Error('Query runner already released'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    expect(isTransientDbError(terminated)).toBe(true);
    expect(isTransientDbError(wrapped)).toBe(true);
    expect(isTransientDbError(new Error('x', { cause: wrapped }))).toBe(true);
    expect(isTransientDbError(released)).toBe(true);
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('no route'), { code: '08006' }))).toBe(true);
  });

  it('leaves errors of the work itself alone', () => {
    expect(isTransientDbError(new Error('handler bug'))).toBe(false);
    expect(isTransientDbError(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isTransientDbError(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false);
    expect(isTransientDbError(undefined)).toBe(false);
    expect(isTransientDbError('57P01')).toBe(false);
  });

  it('counts a lost answer (a one-row statement that answered none) as transient', () => {
    const err = lostAnswerError('the reply ledger read');
    expect(err.message).toBe(
      'the reply ledger read answered no row: its database connection was lost',
    );
    expect(isTransientDbError(err)).toBe(true);
  });
});
