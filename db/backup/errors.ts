/**
 * A backup or restore that cannot go ahead, with a message meant for the person running the
 * command: the command line prints it alone, without a stack trace.
 */
export class BackupError extends Error {
  override name = "BackupError";
}
