/** Text as HTML (and Graphviz's HTML-like labels) shows it: the four characters markup would read. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
