import DataLoader from 'dataloader';

/**
 * Writes that arrive while the previous one is in flight go to the database together in the next
 * one (group commit): no added wait when the system is quiet, and one statement instead of
 * hundreds when it is busy. `writeAll` answers one result per item, in order. If a group's
 * statement fails (one bad row, a deadlock with a sweep), each item is written again on its own,
 * so one failure is only that item's.
 */
export class GroupWrites<Item, Result> {
  private writing = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly loader: DataLoader<Item, Result>;

  constructor(writeAll: (items: readonly Item[]) => Promise<Result[]>, maxGroup = 200) {
    this.loader = new DataLoader<Item, Result>(
      async (items) => {
        this.writing += 1;
        try {
          return await writeAll(items);
        } catch (error) {
          if (items.length === 1) return [error as Error];
          return Promise.all(
            items.map((item) =>
              writeAll([item]).then(
                ([result]) => result,
                (failure: Error) => failure,
              ),
            ),
          );
        } finally {
          this.writing -= 1;
          this.waiting.splice(0).forEach((flush) => setImmediate(flush));
        }
      },
      {
        cache: false,
        maxBatchSize: maxGroup,
        batchScheduleFn: (flush) => (this.writing === 0 ? setImmediate(flush) : this.waiting.push(flush)),
      },
    );
  }

  write(item: Item): Promise<Result> {
    return this.loader.load(item);
  }
}
