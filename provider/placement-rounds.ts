/**
 * The coordinated placements of one process take turns in rounds: every placement waiting when a round starts is
 * chosen and written in that round, so racing stacks contend for each ConfigMap once per round, not once per scope.
 */

/** A placement waiting for its round: the round settles it, or hands it back to wait for the next. */
export interface RoundEntry {
    /** Fails the placement; also called with the error of a round that could not run. */
    reject(err: unknown): void;
}

/**
 * The rounds of one region and coordination namespace. `round` settles the entries it was given and returns those
 * to try again in the next round (after a conflict); it may pause before returning. Rounds run through
 * `serialized`, the region's queue, so this process's releases and pinned reservations never race its placements.
 */
export class PlacementRounds<E extends RoundEntry> {
    private waiting: E[] = [];
    private running = false;

    constructor(
        private readonly serialized: (task: () => Promise<void>) => Promise<void>,
        private readonly round: (entries: E[]) => Promise<E[]>,
    ) {}

    /** Adds `entry` to the next round, starting the rounds if none are running. */
    join(entry: E): void {
        this.waiting.push(entry);
        if (!this.running) {
            this.running = true;
            void this.serialized(() => this.drain());
        }
    }

    private async drain(): Promise<void> {
        try {
            while (this.waiting.length > 0) {
                const entries = this.waiting;
                this.waiting = [];
                let again: E[];
                try {
                    again = await this.round(entries);
                } catch (err) {
                    entries.forEach(entry => entry.reject(err));
                    again = [];
                }
                // Those retrying go first: they have waited longest and their time limit runs.
                this.waiting = [...again, ...this.waiting];
            }
        } finally {
            this.running = false;
        }
    }
}
