/**
 * A command's help as text: usage, description, then its arguments, options
 * and subcommands as two columns wrapped to the width, then any footer
 * (examples).
 *
 * @module
 */
import { displayWidth } from "./table.ts";

/** One line of a help list: what to type, and what it does. */
export type HelpEntry = readonly [term: string, description: string];

/** What a command's help shows. */
export interface HelpView {
  /** `canary migrate [options] [command] [steps]` */
  usage: string;
  description: string;
  arguments: readonly HelpEntry[];
  options: readonly HelpEntry[];
  commands: readonly HelpEntry[];
  /** Text after the lists, as given (starts with its own blank line). */
  footer: string;
}

/** A description column narrower than this puts each description under its term. */
const NARROWEST_DESCRIPTION = 30;

/** `text` broken at spaces into lines of at most `width` columns (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter((w) => w !== "")) {
    if (line !== "" && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

function entryList(title: string, entries: readonly HelpEntry[], width: number): string {
  const termWidth = Math.max(...entries.map(([term]) => displayWidth(term)));
  const column = 2 + termWidth + 2;
  const room = width - column;
  const lines = entries.flatMap(([term, description]) => {
    if (room < NARROWEST_DESCRIPTION) {
      return [`  ${term}`, ...wrapWords(description, width - 6).map((line) => `      ${line}`)];
    }
    const [first, ...rest] = wrapWords(description, room);
    const padding = " ".repeat(termWidth - displayWidth(term));
    return [`  ${term}${padding}  ${first}`.trimEnd(), ...rest.map((l) => " ".repeat(column) + l)];
  });
  return `${title}\n${lines.join("\n")}`;
}

/** The help text of `view`, wrapped to `width` columns. */
export function renderHelp(view: HelpView, width: number): string {
  const sections = [`Usage: ${view.usage}`];
  if (view.description !== "") sections.push(wrapWords(view.description, width).join("\n"));
  const lists: [string, readonly HelpEntry[]][] = [
    ["Arguments:", view.arguments],
    ["Options:", view.options],
    ["Commands:", view.commands],
  ];
  for (const [title, entries] of lists) {
    if (entries.length > 0) sections.push(entryList(title, entries, width));
  }
  return `${sections.join("\n\n")}\n${view.footer}`;
}
