/**
 * A webhook URL fit to print: Slack webhook URLs are credentials in their path, so only the scheme and
 * host are shown (`https://hooks.slack.com/…`).
 */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = parsed.pathname === "/" && parsed.search === "" ? "" : "/…";
    return `${parsed.protocol}//${parsed.host}${rest}`;
  } catch {
    return "(not a URL)";
  }
}
