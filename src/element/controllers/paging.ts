import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows rendered at first: a screenful, within a frame. */
const FIRST = 25;
/**
 * Rows added a frame at a time while the list's end is near the view: a frame also re-renders the
 * rows above, so with 100 and more shown, 25 at once still made a task of 56 ms in 1 of 5 scrolls
 * through 200 photos (the photos bench); 10 at once, none in 5 of 5.
 */
const STEP = 10;
/** Rows "Show more" adds, STEP a frame (for keyboard users, and a page that scrolls instead of the list). */
const PAGE = 100;
/** How close (px) the list's end may come to the view before more rows are rendered. */
const AHEAD = 500;

/**
 * How many rows of a long list are rendered. 10,000 files cost one screenful of rows at first; more
 * come STEP a frame as the list is scrolled near its end, so no task renders hundreds of
 * rows at once, and a list shorter than its box is filled the same way.
 */
export class Paging implements ReactiveController {
  shown = FIRST;
  #frame = 0;
  #measuring = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** How many rows there are. */
    private readonly total: () => number,
  ) {
    host.addController(this);
  }

  /** Rows "Show more" asked for: they come STEP a frame too. */
  #until = 0;

  /** "Show more": a page more. */
  more = (): void => {
    this.#until = Math.max(this.#until, this.shown) + PAGE;
    this.#step();
  };

  /** The list scrolled: rows follow if its end is near. */
  scrolled = (event: Event): void => this.#check(event.target as HTMLElement);

  hostUpdated(): void {
    if (this.total() <= this.shown) return;
    if (this.shown < this.#until) this.#step();
    // Measured once this render is painted: reading the layout now would force it inside the render's task.
    else if (!this.#measuring) {
      this.#measuring = true;
      requestAnimationFrame(() => setTimeout(() => {
        this.#measuring = false;
        if (this.host.isConnected) this.#check(this.host.shadowRoot?.querySelector('ul'));
      }));
    }
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #check(list: HTMLElement | null | undefined) {
    if (this.#frame || !list || this.total() <= this.shown) return;
    // Near in both the list's own scrolling and the page's (a list with no max-height grows with the page).
    const listEnd = list.scrollHeight - list.scrollTop - list.clientHeight;
    if (listEnd > AHEAD || list.getBoundingClientRect().bottom > innerHeight + AHEAD) return;
    this.#step();
  }

  /** STEP rows more, with the next frame. */
  #step() {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.shown += STEP;
      this.host.requestUpdate();
    });
  }
}
