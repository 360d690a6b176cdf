import { type CliIo, EXIT, UsageError } from '../io';
import { type GlobalOptions } from '../options';

/** `health --url <base>`: GET <base>/health/ready; exit 0 on 200, 1 on anything else or no answer. */
export async function healthCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  if (!options.url) throw new UsageError('health needs --url <base>, e.g. --url http://gateway:8080');
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new UsageError(`--url is not a URL: ${JSON.stringify(options.url)}`);
  }
  const target = new URL('health/ready', base.href.endsWith('/') ? base.href : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(target, { signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    io.err(`${target.href}: no answer (${cause ?? (error as Error).message})`);
    return EXIT.failed;
  }
  const body = await response.text();
  let report: { status?: string; checks?: Record<string, { status: string; error?: string }> } = {};
  try {
    report = JSON.parse(body) as typeof report;
  } catch {
    // Not the services' readiness report: show the status line only.
  }
  if (options.json) {
    io.out(JSON.stringify({ url: target.href, httpStatus: response.status, ...report }, null, 2));
  } else {
    const checks = Object.entries(report.checks ?? {})
      .map(([name, check]) => `${name}=${check.status}${check.error ? ` (${check.error})` : ''}`)
      .join(' ');
    io.out(
      `${target.href}: ${response.status} ${report.status ?? response.statusText}${checks ? `  ${checks}` : ''}`,
    );
  }
  return response.status === 200 ? EXIT.ok : EXIT.failed;
}
