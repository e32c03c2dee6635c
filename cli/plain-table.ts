/** Tables for every output, terminal or not: cli-table3 without its colours. */
import Table from "cli-table3";

/**
 * A cli-table3 table without its default colours (red headers, grey borders): the output is the same
 * on a terminal, in a pipe, in a CI log and pasted into a README.
 */
export function plainTable(head: string[], options: Table.TableConstructorOptions = {}): Table.Table {
    return new Table({ ...options, head, style: { head: [], border: [] } });
}
