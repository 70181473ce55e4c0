import { ApiForm } from '../../components/api-form';
import { StatusBadge } from '../../components/status-badge';
import { Time } from '../../components/time';
import { jobPath } from '../../links';
import { inputSummary, shortened } from '../jobs/input-summary';
import { type DeadLetter, type DeadLetterGroup, groupDeadLetters } from './dead-letter-groups';
import { MAX_LISTED, type DeadLetterListing } from './dead-letter-reader';

interface GroupsProps {
  listing: DeadLetterListing;
  /** The key may retry jobs (jobs:admin): each job gets a Retry button. */
  canRetry: boolean;
}

/** The dead letters grouped by kind and failure, largest group first: the page renders it and the stream resends it. */
export function DeadLetterGroups({ listing, canRetry }: GroupsProps) {
  if (!listing.letters.length) return <p class="muted">No dead letters in this window.</p>;
  const groups = groupDeadLetters(listing.letters);
  return (
    <>
      <p class="dead-letter-total">
        {listing.letters.length} dead {listing.letters.length === 1 ? 'letter' : 'letters'} in {groups.length}{' '}
        {groups.length === 1 ? 'group' : 'groups'}
        {listing.truncated && `: the ${MAX_LISTED} most recent; replay them to see the rest`}
      </p>
      {groups.map((group) => (
        <Group group={group} canRetry={canRetry} />
      ))}
    </>
  );
}

function Group({ group, canRetry }: { group: DeadLetterGroup; canRetry: boolean }) {
  return (
    <details class="dead-letter-group" open data-key={group.key} data-count={group.jobs.length}>
      <summary>
        <span class="group-name">{[group.kind, group.errorType, group.codeClass].filter(Boolean).join(' · ')}</span>{' '}
        <span class="group-count">
          {group.jobs.length} {group.jobs.length === 1 ? 'job' : 'jobs'}
        </span>
      </summary>
      <table class="jobs">
        <thead>
          <tr>
            <th>Job</th>
            <th>Status</th>
            <th>Closed</th>
            <th>Error</th>
            <th>Input</th>
            {canRetry && <th />}
          </tr>
        </thead>
        <tbody>
          {group.jobs.map((letter) => (
            <Row letter={letter} canRetry={canRetry} />
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Row({ letter, canRetry }: { letter: DeadLetter; canRetry: boolean }) {
  const summary = inputSummary(letter.input);
  const message = letter.error?.message ?? '';
  return (
    <tr data-job-id={letter.id}>
      <td>
        <a href={jobPath(letter.id)} class="mono">
          {letter.id}
        </a>
      </td>
      <td>
        <StatusBadge status={letter.status} />
      </td>
      <td>
        <Time at={letter.closedAt} />
      </td>
      <td class="error-message" title={message}>
        {shortened(message)}
      </td>
      <td class="job-input" title={summary}>
        {shortened(summary)}
      </td>
      {canRetry && (
        <td>
          <ApiForm
            action={`/v1/jobs/${encodeURIComponent(letter.id)}/retry`}
            label="Retry"
            confirm={`Retry job ${letter.id}?`}
            doneMessage={`${letter.id} runs again`}
            done={false}
          />
        </td>
      )}
    </tr>
  );
}
