/** The `reconciliation` argument of a ScopeIngress: its defaults and every bad value, reported like the other arguments. */
import { expect } from "chai";
import { resolveScopeIngressArgs } from "../components/scope-ingress-args";
import type { StackConfigReader } from "../core/candidate-pool";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";

const noConfig: StackConfigReader = () => undefined;

function resolve(reconciliation: unknown) {
    return resolveScopeIngressArgs("checkout", { ...CHECKOUT_SCOPE, reconciliation } as never, noConfig).reconciliation;
}

function problems(reconciliation: unknown): string[] {
    try {
        resolve(reconciliation);
    } catch (err) {
        return (err as Error).message
            .split("\n")
            .slice(1)
            .map(l => l.trim());
    }
    throw new Error("expected the arguments to be refused");
}

describe("ScopeIngress reconciliation argument", () => {
    it("waits 300 s by default, and takes a timeout or wait: false as given", () => {
        expect(resolve(undefined)).to.deep.equal({ wait: true, timeoutSeconds: 300 });
        expect(resolve({ timeoutSeconds: 12 })).to.deep.equal({ wait: true, timeoutSeconds: 12 });
        expect(resolve({ wait: false })).to.deep.equal({ wait: false, timeoutSeconds: 300 });
    });

    it("refuses a timeout that is not a whole number of seconds from 1 to 3600, naming the field, the value and the fix", () => {
        for (const [value, rule] of [
            [0, "must be at least 1"],
            [3601, "must be at most 3600"],
            [1.5, "is not a whole number"],
            ["300", "is not a whole number"],
        ] as const) {
            const [line] = problems({ timeoutSeconds: value });
            expect(line).to.equal(
                `reconciliation.timeoutSeconds: ${JSON.stringify(value)} ${rule}; set the seconds to wait for the Load Balancer Controller, from 1 to 3600 (default 300), or reconciliation: { wait: false } to skip the check`,
            );
        }
    });

    it("refuses a wait that is not a boolean, an unknown field with the nearest known one, and a non-object, each once", () => {
        expect(problems({ wait: "no", timeoutSecond: 5 })).to.deep.equal([
            "reconciliation.timeoutSecond: 5 is not a field of reconciliation; did you mean reconciliation.timeoutSeconds? The keys are reconciliation.wait, reconciliation.timeoutSeconds",
            'reconciliation.wait: "no" is not true or false; use true or false',
        ]);
        expect(problems(false)).to.deep.equal([
            "reconciliation: false is a boolean, not an object; give it as an object, e.g. { timeoutSeconds: 600 } or { wait: false }",
        ]);
    });
});
