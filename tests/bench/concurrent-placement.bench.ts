/**
 * `npm run bench`, part 2: N scopes placed concurrently on K = 4 ALBs through the fault proxy with 25 ms
 * per request, with the process ledger (one measurement, atomic reservations) and naively (each scope
 * measures and picks alone, as per-scope scripts do).
 */
import { resolveCandidatePool } from "../../core/candidate-pool";
import { PlacementLedger } from "../../core/placement-ledger";
import { resolveRuleLimits } from "../../core/rule-limits";
import { placeScope } from "../../provider/scope-placement";
import { MeasurementCache } from "../../provider/measurement-cache";
import { plainTable, runBench, wallMs } from "./bench-world";

const LATENCY_MS = 25;
const SCOPES = [10, 100, 300];
const NAMES = ["bench-alb-0", "bench-alb-1", "bench-alb-2", "bench-alb-3"];

runBench(async ({ proxy, albs }) => {
    for (const name of NAMES) {
        await albs.createBalancer({
            name,
            listeners: [
                { port: 80, rules: 0 },
                { port: 443, rules: 0 },
            ],
        });
    }
    const pool = resolveCandidatePool("internet-facing", { base: NAMES[0], additional: NAMES.slice(1) });
    const limits = resolveRuleLimits();
    proxy.latencyMs = LATENCY_MS;
    const table = plainTable([
        "N scopes",
        "approach",
        "wall ms",
        "Describe requests",
        "rules per ALB after",
        `any ALB over ${limits.maxRules}?`,
    ]);
    for (const n of SCOPES) {
        for (const approach of ["ledger", "naive"] as const) {
            const shared = { ledger: new PlacementLedger(), measurements: new MeasurementCache() };
            const placed = new Map<string, number>(NAMES.map(name => [name, 0]));
            let refused = 0;
            proxy.requests.length = 0;
            const ms = await wallMs(() =>
                Promise.all(
                    Array.from({ length: n }, () =>
                        placeScope({ pool, limits, ...(approach === "ledger" ? shared : {}) }).then(
                            p => placed.set(p.balancerName, placed.get(p.balancerName)! + limits.expectedRules),
                            () => refused++,
                        ),
                    ),
                ),
            );
            const after = [...placed.values()];
            table.push([
                n,
                approach,
                ms.toFixed(0),
                proxy.count(),
                after.join(" / ") + (refused ? ` (${refused} refused)` : ""),
                after.some(r => r > limits.maxRules) ? "YES" : "no",
            ]);
        }
    }
    console.log(
        `N scopes placed concurrently on ${NAMES.length} empty ALBs (listeners 80 + 443), ${LATENCY_MS} ms added per request, one run each.`,
    );
    console.log(table.toString());
});
