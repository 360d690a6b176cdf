import fc from 'fast-check';

import {
  chainDepositId,
  confirmationRule,
  confirmationsAt,
  detectAgain,
  nextDepositStep,
  nextWithdrawalStep,
  type TransferSighting,
  type WatchedDeposit,
} from './chain-transfer.policy';

describe('chain transfers', () => {
  it('names a deposit by txid and output', () => {
    expect(chainDepositId({ txid: 'ab12', vout: 3 })).toBe('ab12:3');
  });

  it('counts the block that holds a transfer as its first confirmation', () => {
    expect(confirmationsAt(10, 10)).toBe(1);
    expect(confirmationsAt(10, 12)).toBe(3);
    expect(confirmationsAt(null, 12)).toBe(0);
    // Seen in a block the chain has since dropped (the tip went back in a reorg): not confirmed.
    expect(confirmationsAt(13, 12)).toBe(0);
  });

  const pending = { status: 'PENDING', requiredConfirmations: 3, missingSince: null, lost: false } as const;
  const credited = { ...pending, status: 'CONFIRMED' } as const;
  const mined = (confirmations: number) => ({ kind: 'MINED', confirmations }) as const;
  const MEMPOOL = { kind: 'MEMPOOL' } as const;
  const MISSING = { kind: 'MISSING' } as const;

  it('credits a pending deposit only once the threshold is reached, and never a credited one again', () => {
    expect(nextDepositStep(pending, MEMPOOL, 10, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 0,
      missingSince: null,
    });
    expect(nextDepositStep(pending, mined(2), 10, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 2,
      missingSince: null,
    });
    expect(nextDepositStep(pending, mined(3), 10, 6)).toEqual({ kind: 'CREDIT', confirmations: 3 });
    expect(nextDepositStep(pending, mined(9), 10, 6)).toEqual({ kind: 'CREDIT', confirmations: 9 });
    expect(nextDepositStep(credited, mined(9), 10, 6)).toEqual({
      kind: 'DONE',
      confirmations: 9,
      missingSince: null,
      lost: false,
    });
    // A reorg after the credit sends it back to the mempool: the credit stands.
    expect(nextDepositStep(credited, MEMPOOL, 10, 6)).toMatchObject({ kind: 'DONE', confirmations: 0 });
  });

  it('reverts a pending deposit whose transfer is missing while the chain grows by the configured blocks', () => {
    // First missed at tip 10: the wait starts there.
    expect(nextDepositStep(pending, MISSING, 10, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 0,
      missingSince: 10,
    });
    const missing = { ...pending, missingSince: 10 };
    expect(nextDepositStep(missing, MISSING, 15, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 0,
      missingSince: 10,
    });
    expect(nextDepositStep(missing, MISSING, 16, 6)).toEqual({ kind: 'REVERT' });
    // A tip that another reorg lowered only makes the wait longer.
    expect(nextDepositStep(missing, MISSING, 8, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 0,
      missingSince: 10,
    });
    // Seen again, in the mempool or a block: the wait starts over.
    expect(nextDepositStep(missing, MEMPOOL, 15, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 0,
      missingSince: null,
    });
    expect(nextDepositStep(missing, mined(1), 15, 6)).toEqual({
      kind: 'WAIT',
      confirmations: 1,
      missingSince: null,
    });
  });

  it('never reverts a credited deposit: its transfer missing long enough makes it LOST once, seen again clears it', () => {
    const missing = { ...credited, missingSince: 10 };
    expect(nextDepositStep(credited, MISSING, 10, 6)).toEqual({
      kind: 'DONE',
      confirmations: 0,
      missingSince: 10,
      lost: false,
    });
    expect(nextDepositStep(missing, MISSING, 16, 6)).toEqual({ kind: 'LOST', missingSince: 10 });
    expect(nextDepositStep({ ...missing, lost: true }, MISSING, 30, 6)).toEqual({
      kind: 'DONE',
      confirmations: 0,
      missingSince: 10,
      lost: true,
    });
    expect(nextDepositStep({ ...missing, lost: true }, mined(1), 30, 6)).toEqual({
      kind: 'DONE',
      confirmations: 1,
      missingSince: null,
      lost: false,
    });
  });

  it('leaves a reverted deposit alone whatever the chain shows', () => {
    const reverted = { ...pending, status: 'REVERTED' } as const;
    for (const sighting of [MISSING, MEMPOOL, mined(50)]) {
      expect(nextDepositStep(reverted, sighting, 100, 6)).toEqual({ kind: 'NONE' });
    }
  });

  it('detects a reverted deposit again while it has rounds left, never a pending or credited one', () => {
    expect(detectAgain({ status: 'REVERTED', round: 0 }, 1)).toBe(true);
    expect(detectAgain({ status: 'REVERTED', round: 1 }, 1)).toBe(false);
    expect(detectAgain({ status: 'REVERTED', round: 2 }, 3)).toBe(true);
    expect(detectAgain({ status: 'REVERTED', round: 0 }, 0)).toBe(false);
    expect(detectAgain({ status: 'PENDING', round: 0 }, 3)).toBe(false);
    expect(detectAgain({ status: 'CONFIRMED', round: 0 }, 3)).toBe(false);
  });

  describe('over any run of chain observations', () => {
    const sightingArb = fc.oneof(
      fc.constant(MISSING),
      fc.constant(MEMPOOL),
      fc.integer({ min: 1, max: 20 }).map(mined),
    );
    // Each pass: how the tip moved (reorgs lower it) and where the transfer is.
    const runArb = fc.record({
      required: fc.integer({ min: 1, max: 10 }),
      revertAfter: fc.integer({ min: 1, max: 10 }),
      credited: fc.boolean(),
      passes: fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), sightingArb), { maxLength: 60 }),
    });

    /** Applies the steps the way the watcher stores them; returns what happened at each pass. */
    function play(run: {
      required: number;
      revertAfter: number;
      credited: boolean;
      passes: [number, TransferSighting][];
    }) {
      let state: WatchedDeposit = {
        status: run.credited ? 'CONFIRMED' : 'PENDING',
        requiredConfirmations: run.required,
        missingSince: null,
        lost: false,
      };
      let tip = 100;
      const events: { kind: string; tip: number; missing: number; sighting: string }[] = [];
      for (const [move, sighting] of run.passes) {
        tip = Math.max(1, tip + move);
        const step = nextDepositStep(state, sighting, tip, run.revertAfter);
        events.push({ kind: step.kind, tip, missing: state.missingSince ?? tip, sighting: sighting.kind });
        if (step.kind === 'CREDIT') state = { ...state, status: 'CONFIRMED', missingSince: null };
        else if (step.kind === 'REVERT') state = { ...state, status: 'REVERTED' };
        else if (step.kind === 'LOST') state = { ...state, missingSince: step.missingSince, lost: true };
        else if (step.kind === 'WAIT') state = { ...state, missingSince: step.missingSince };
        else if (step.kind === 'DONE') state = { ...state, missingSince: step.missingSince, lost: step.lost };
      }
      return events;
    }

    it('credits at most once, reverts at most once, never both, and never reverts a credited deposit', () => {
      fc.assert(
        fc.property(runArb, (run) => {
          const kinds = play(run).map((e) => e.kind);
          const credits = kinds.filter((k) => k === 'CREDIT').length;
          const reverts = kinds.filter((k) => k === 'REVERT').length;
          expect(credits).toBeLessThanOrEqual(1);
          expect(reverts).toBeLessThanOrEqual(1);
          expect(credits + reverts).toBeLessThanOrEqual(1);
          if (run.credited) expect(credits + reverts).toBe(0);
          // After an end, the chain changes nothing more.
          const end = kinds.findIndex((k) => k === 'REVERT');
          if (end >= 0) expect(kinds.slice(end + 1).every((k) => k === 'NONE')).toBe(true);
        }),
      );
    });

    it('reverts only a transfer missing now, and only once the chain grew by the wait since it was first missed', () => {
      fc.assert(
        fc.property(runArb, (run) => {
          for (const e of play(run)) {
            if (e.kind === 'REVERT' || e.kind === 'LOST') {
              expect(e.sighting).toBe('MISSING');
              expect(e.tip - e.missing).toBeGreaterThanOrEqual(run.revertAfter);
            }
            if (e.kind === 'CREDIT') expect(e.sighting).toBe('MINED');
          }
        }),
      );
    });

    it('raises LOST at most once per disappearance of a credited deposit', () => {
      fc.assert(
        fc.property(runArb, (run) => {
          const events = play({ ...run, credited: true });
          let seenSinceLost = true;
          for (const e of events) {
            if (e.kind === 'LOST') {
              expect(seenSinceLost).toBe(true);
              seenSinceLost = false;
            }
            if (e.sighting !== 'MISSING') seenSinceLost = true;
          }
        }),
      );
    });
  });

  it('completes a sent withdrawal at the threshold with the fee the chain took, or fails it', () => {
    expect(nextWithdrawalStep({ kind: 'SEEN', confirmations: 1, networkFee: 5n }, 2)).toEqual({
      kind: 'WAIT',
      confirmations: 1,
    });
    expect(nextWithdrawalStep({ kind: 'SEEN', confirmations: 2, networkFee: 5n }, 2)).toEqual({
      kind: 'COMPLETE',
      confirmations: 2,
      networkFee: 5n,
    });
    expect(nextWithdrawalStep({ kind: 'FAILED', reason: 'dropped' }, 2)).toEqual({
      kind: 'FAIL',
      reason: 'dropped',
    });
  });

  it('reads the confirmations per asset with a fallback', () => {
    const rule = confirmationRule(3, 'BTC=2, ETH=12')!;
    expect([rule('BTC'), rule('ETH'), rule('USDT')]).toEqual([2, 12, 3]);
    expect(confirmationRule(1, '')!('BTC')).toBe(1);
  });

  it.each([
    [0, ''],
    [3, 'BTC'],
    [3, 'BTC=0'],
    [3, 'btc=2'],
    [3, 'BTC=x'],
  ])('refuses the setting %p / %p', (fallback, perAsset) => {
    expect(confirmationRule(fallback, perAsset)).toBeUndefined();
  });
});
