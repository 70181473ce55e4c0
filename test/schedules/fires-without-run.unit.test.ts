import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIRES_WITHOUT_RUN_LIMIT, firesWithoutRun } from '../../src/schedules/fires-without-run';
import { fireTimesBackFrom } from '../../src/schedules/schedule-spec';

const at = (time: string) => new Date(`2026-03-02T${time}Z`);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(11, 19));
const everySecond = { every: 1000, timezone: 'UTC', jitter: 0 };

describe('fires that started no job', () => {
  it('lists the fires between the oldest and newest run that no run answers, newest first', () => {
    const runs = ['10:00:00', '10:00:01', '10:00:05', '10:00:06'].map(at);
    assert.deepEqual(iso(firesWithoutRun(everySecond, runs)), ['10:00:04', '10:00:03', '10:00:02']);
  });

  it('claims nothing outside the runs Temporal lists, nor with one run or none', () => {
    assert.deepEqual(firesWithoutRun(everySecond, [at('10:00:00')]), []);
    assert.deepEqual(firesWithoutRun(everySecond, []), []);
    assert.deepEqual(firesWithoutRun(everySecond, [at('10:00:00'), at('10:00:01')]), []);
  });

  it('takes a triggered run (off the spec) as a bound but not as the answer to a fire', () => {
    const runs = [at('10:00:00'), new Date('2026-03-02T10:00:02.345Z')];
    assert.deepEqual(iso(firesWithoutRun(everySecond, runs)), ['10:00:02', '10:00:01']);
  });

  it("lists only fires between the spec's start and end, whatever triggered runs lie outside", () => {
    const spec = { ...everySecond, startAt: '2026-03-02T10:00:02.000Z', endAt: '2026-03-02T10:00:04.000Z' };
    const triggered = [new Date('2026-03-02T10:00:00.5Z'), new Date('2026-03-02T10:00:06.5Z')];
    assert.deepEqual(iso(firesWithoutRun(spec, triggered)), ['10:00:04', '10:00:03', '10:00:02']);
  });

  it('counts a run scheduled within the jitter after a fire as its answer', () => {
    const spec = { every: 60_000, timezone: 'UTC', jitter: 30_000 };
    const runs = [at('10:00:12'), at('10:01:29'), at('10:03:05')];
    assert.deepEqual(iso(firesWithoutRun(spec, runs)), ['10:02:00']);
  });

  it('follows an interval offset and a cron in its time zone', () => {
    const offset = { every: 10_000, offset: 3000, timezone: 'UTC', jitter: 0 };
    assert.deepEqual(iso(firesWithoutRun(offset, [at('10:00:03'), at('10:00:33')])), ['10:00:23', '10:00:13']);
    // Kolkata is UTC+5:30: its full hours are half past in UTC, which shows the zone is applied.
    const cron = { cron: '0 * * * *', timezone: 'Asia/Kolkata', jitter: 0 };
    assert.deepEqual(iso(firesWithoutRun(cron, [at('10:30:00'), at('13:30:00')])), ['12:30:00', '11:30:00']);
  });

  it('stays bounded: at most the limit, and from at most 24 h before the newest run', () => {
    const twoDays = [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-03T00:00:00Z')];
    const fires = firesWithoutRun(everySecond, twoDays);
    assert.equal(fires.length, FIRES_WITHOUT_RUN_LIMIT);
    assert.equal(fires[0]!.toISOString(), '2026-03-02T23:59:59.000Z', 'the newest first');
    const hourly = { cron: '0 * * * *', timezone: 'UTC', jitter: 0 };
    const all = firesWithoutRun(hourly, twoDays);
    assert.equal(all.length, 24, 'the hours of the last day before the newest run, not the first');
    assert.equal(all.at(-1)!.toISOString(), '2026-03-02T00:00:00.000Z');
  });
});

describe('fire times back from a time', () => {
  it('includes both bounds when they are fires', () => {
    assert.deepEqual(iso([...fireTimesBackFrom(everySecond, at('10:00:02'), at('10:00:00'))]), [
      '10:00:02',
      '10:00:01',
      '10:00:00',
    ]);
    const cron = { cron: '*/5 * * * *', timezone: 'UTC' };
    assert.deepEqual(iso([...fireTimesBackFrom(cron, at('10:10:00'), at('10:00:00'))]), [
      '10:10:00',
      '10:05:00',
      '10:00:00',
    ]);
  });
});
