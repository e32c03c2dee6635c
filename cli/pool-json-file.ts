/** Reads `--pool-json <file>`: a `BalancerPool`'s exported reference (`pulumi stack output publicPoolReference --json > pool.json`). */
import { readFileSync } from "node:fs";
import type { PoolReference } from "../core/pool-settings";
import { isRecord } from "../core/value-types";

/** The fix for a file that is not a pool reference. */
const FIX =
    "write the BalancerPool's reference to a file, e.g. pulumi stack output publicPoolReference --json > pool.json, and pass --pool-json pool.json";

/**
 * The reference in `path`, as parsed JSON; its fields are checked by the caller with the component's own rules.
 * An unreadable file, or one that is not a JSON object with `pool`, throws naming the file and the fix.
 */
export function readPoolJsonFile(path: string): PoolReference {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        const code = (err as { code?: string }).code ?? String(err);
        throw new Error(`--pool-json: cannot read ${JSON.stringify(path)} (${code}); ${FIX}.`, { cause: err });
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`--pool-json: ${JSON.stringify(path)} is not JSON (${(err as Error).message}); ${FIX}.`, {
            cause: err,
        });
    }
    if (!isRecord(parsed) || !isRecord(parsed.pool)) {
        throw new Error(
            `--pool-json: ${JSON.stringify(path)} is not a BalancerPool reference (no "pool" object); ${FIX}.`,
        );
    }
    return parsed as unknown as PoolReference;
}
