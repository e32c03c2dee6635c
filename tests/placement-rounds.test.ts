/** The rounds coordinated placements of one process take turns in: who joins which round, retries, and a round that fails. */
import { expect } from "chai";
import { PlacementRounds } from "../provider/placement-rounds";

interface Entry {
    id: number;
    reject(err: unknown): void;
}

/** A queue like the region's: each task after the previous one has settled. */
function queue(): (task: () => Promise<void>) => Promise<void> {
    let tail: Promise<unknown> = Promise.resolve();
    return task => {
        const run = tail.then(task, task);
        tail = run.catch(() => undefined);
        return run;
    };
}

describe("placement rounds", () => {
    it("puts every entry that joined before a round started into it, and those joining during it into the next", async () => {
        const seen: number[][] = [];
        let release!: () => void;
        const firstRoundHeld = new Promise<void>(resolve => (release = resolve));
        const rounds = new PlacementRounds<Entry>(queue(), async entries => {
            seen.push(entries.map(e => e.id));
            if (seen.length === 1) {
                await firstRoundHeld;
            }
            return [];
        });
        const entry = (id: number): Entry => ({ id, reject: () => expect.fail(`entry ${id} rejected`) });
        rounds.join(entry(1));
        rounds.join(entry(2));
        await new Promise(resolve => setImmediate(resolve));
        rounds.join(entry(3));
        rounds.join(entry(4));
        release();
        await new Promise(resolve => setTimeout(resolve, 10));
        expect(seen).to.deep.equal([
            [1, 2],
            [3, 4],
        ]);
    });

    it("runs the entries a round hands back first in the next round, and rejects every entry of a round that throws", async () => {
        const seen: number[][] = [];
        const rejected: number[] = [];
        const rounds = new PlacementRounds<Entry>(queue(), async entries => {
            seen.push(entries.map(e => e.id));
            if (seen.length === 1) {
                rounds.join(entry(3));
                return entries.filter(e => e.id === 2);
            }
            throw new Error("cluster gone");
        });
        const entry = (id: number): Entry => ({ id, reject: () => rejected.push(id) });
        rounds.join(entry(1));
        rounds.join(entry(2));
        await new Promise(resolve => setTimeout(resolve, 10));
        expect(seen).to.deep.equal([
            [1, 2],
            [2, 3],
        ]);
        expect(rejected).to.deep.equal([2, 3]);
        // The rounds stopped with the queue empty; a later entry starts them again.
        rounds.join(entry(4));
        await new Promise(resolve => setTimeout(resolve, 10));
        expect(seen[2]).to.deep.equal([4]);
    });
});
