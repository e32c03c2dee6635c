/** The `move` argument of a ScopeIngress: the drain of a make-before-break move, its default and its bad values. */
import { expect } from "chai";
import { resolveScopeIngressArgs } from "../components/scope-ingress-args";
import type { StackConfigReader } from "../core/candidate-pool";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";

const noConfig: StackConfigReader = () => undefined;

describe("ScopeIngress move argument", () => {
    function resolveMove(move: unknown) {
        return resolveScopeIngressArgs("checkout", { ...CHECKOUT_SCOPE, move } as never, noConfig).move;
    }

    it("drains 90 s by default (the 60 s alias TTL and a margin), and takes 0 to 3600 as given", () => {
        expect(resolveMove(undefined)).to.deep.equal({ drainSeconds: 90 });
        expect(resolveMove({ drainSeconds: 0 })).to.deep.equal({ drainSeconds: 0 });
        expect(resolveMove({ drainSeconds: 3600 })).to.deep.equal({ drainSeconds: 3600 });
    });

    it("refuses a drain that is not a whole number of seconds from 0 to 3600, and an unknown field", () => {
        expect(() => resolveMove({ drainSeconds: -1 })).to.throw(
            "move.drainSeconds: -1 must be at least 0; set the seconds the old ALB keeps serving after the DNS switch, from 0 to 3600 (default 90: the 60 s alias TTL and a margin)",
        );
        expect(() => resolveMove({ drainSecond: 5 })).to.throw(
            "move.drainSecond: 5 is not a field of move; did you mean move.drainSeconds?",
        );
    });
});
