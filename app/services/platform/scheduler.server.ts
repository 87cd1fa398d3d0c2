import { config } from "../../config.server";
import { sendDraftReminders } from "../entries/draft-reminders.server";
import { sendJudgingReminders } from "../judging/reminders.server";
import { sendCouncilDigests } from "../councils/digests.server";
import { sendMasterclassReminders } from "../awards/masterclasses.server";
import { sendMonitoringReminders } from "../awards/monitoring.server";
import { applyRetention, RETENTION_INTERVAL_MS } from "../records/retention.server";

// Periodic jobs of a server process, started by server.ts next to the email worker and only where
// the email worker runs (EMAIL_WORKER=on). Each job must be safe to run in several instances at
// once, since every instance runs it: the jobs here are idempotent by design (see reminders).

export interface Job {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

export interface Scheduler {
  /** Stops scheduling; resolves once the runs in flight, if any, have finished. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  jobs?: Job[];
  /** Wait before each job's first run, so that starting up is not slowed down. */
  firstRunDelayMs?: number;
  onRun?: (job: string, result: unknown) => void;
}

export function defaultJobs(): Job[] {
  return [
    { name: "draft reminders", intervalMs: config.reminderIntervalMs, run: () => sendDraftReminders() },
    { name: "judging reminders", intervalMs: config.reminderIntervalMs, run: () => sendJudgingReminders() },
    { name: "council digests", intervalMs: config.reminderIntervalMs, run: () => sendCouncilDigests() },
    { name: "masterclass reminders", intervalMs: config.reminderIntervalMs, run: () => sendMasterclassReminders() },
    // Gives published awards their monitoring reports, then reminds winners before and after each is due.
    { name: "monitoring reminders", intervalMs: config.reminderIntervalMs, run: () => sendMonitoringReminders() },
    // Every record past its retention period: the schedule in app/domain/retention.ts, the one the
    // privacy notice shows (records/retention.server.ts).
    { name: "retention", intervalMs: RETENTION_INTERVAL_MS, run: () => applyRetention(new Date()) },
  ];
}

export function startScheduler(options: SchedulerOptions = {}): Scheduler {
  const jobs = options.jobs ?? defaultJobs();
  const firstRunDelayMs = options.firstRunDelayMs ?? 5_000;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();

  for (const job of jobs) {
    let failing = false;
    const schedule = (delay: number) => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const running = (async () => {
          try {
            const result = await job.run();
            options.onRun?.(job.name, result);
            if (failing) console.log(`Scheduled job "${job.name}" works again`);
            failing = false;
          } catch (error) {
            // Most likely the database is unreachable; say so once, not on every run.
            if (!failing) console.error(`Scheduled job "${job.name}" failed; it will run again later`, error);
            failing = true;
          }
        })();
        inFlight.add(running);
        void running.finally(() => {
          inFlight.delete(running);
          schedule(job.intervalMs);
        });
      }, delay);
      // The scheduler alone must not keep a process (a script, a test run) alive.
      timer.unref();
      timers.add(timer);
    };
    schedule(firstRunDelayMs);
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...inFlight]);
    },
  };
}
