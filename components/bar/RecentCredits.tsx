import { useEffect, useRef, useState } from 'preact/hooks';
import { describeEvent } from '../../utils/snapshot/present';
import type { CreditEvent } from '../../utils/snapshot/types';

interface RecentCreditsProps {
  events: readonly CreditEvent[];
  /** How many events the popover lists. */
  limit?: number;
}

/**
 * The "Recent Credits" button and its popover, which opens upward. Enter or Space opens it (it is a
 * button), Escape closes it and gives focus back, and a click outside closes it.
 */
export function RecentCredits({ events, limit = 5 }: RecentCreditsProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: Event) => {
      const path = event.composedPath();
      if (!path.includes(panel.current as EventTarget) && !path.includes(button.current as EventTarget))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const shown = events.slice(0, limit);

  return (
    <div class="lcb-recent">
      <button
        ref={button}
        type="button"
        class="lcb-button"
        aria-expanded={open}
        aria-controls="lcb-recent-panel"
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && open && close()}
      >
        Recent Credits <span aria-hidden="true">{open ? '▾' : '▴'}</span>
      </button>
      {open && (
        <div
          ref={panel}
          id="lcb-recent-panel"
          class="lcb-popover"
          role="dialog"
          aria-label="Recent credit events"
          tabIndex={-1}
          onKeyDown={(e) => e.key === 'Escape' && close()}
        >
          <div class="lcb-popover-title">Recent Credits</div>
          {shown.length === 0 ? (
            <p class="lcb-empty">No credit events seen yet.</p>
          ) : (
            <ul class="lcb-events">
              {shown.map((event) => (
                <li key={event.id} class={event.analysis ? 'lcb-event lcb-event-analysis' : 'lcb-event'}>
                  <bdi>{describeEvent(event)}</bdi>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
