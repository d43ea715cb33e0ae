import { Component, createRef } from 'preact';
import { t } from '../../utils/i18n';
import type { DescribedEvent } from '../../utils/view/bar-view';

interface RecentCreditsProps {
  /** Newest first, already in words (the background writes them: this bundle stays small). */
  events: readonly DescribedEvent[];
}

/**
 * The "Recent Credits" button and its popover, which opens upward. Enter or Space opens it (it is a
 * button), Escape closes it and gives focus back, and a click outside closes it.
 *
 * A class component on purpose: the content script stays free of `preact/hooks` (about 1 KB gzip).
 */
export class RecentCredits extends Component<RecentCreditsProps, { open: boolean }> {
  override state = { open: false };
  private button = createRef<HTMLButtonElement>();
  private panel = createRef<HTMLDivElement>();

  private onPointerDown = (event: Event) => {
    const path = event.composedPath();
    if (
      !path.includes(this.panel.current as EventTarget) &&
      !path.includes(this.button.current as EventTarget)
    ) {
      this.setState({ open: false });
    }
  };

  /** Escape closes the popover and gives focus back to its button. */
  private onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.state.open) {
      this.setState({ open: false });
      this.button.current?.focus();
    }
  };

  override componentDidUpdate(_: RecentCreditsProps, previous: { open: boolean }) {
    if (this.state.open === previous.open) return;
    if (this.state.open) document.addEventListener('pointerdown', this.onPointerDown, true);
    else document.removeEventListener('pointerdown', this.onPointerDown, true);
  }

  override componentWillUnmount() {
    document.removeEventListener('pointerdown', this.onPointerDown, true);
  }

  override render({ events }: RecentCreditsProps, { open }: { open: boolean }) {
    return (
      <div class="lcb-recent">
        <button
          ref={this.button}
          type="button"
          class="lcb-button"
          aria-expanded={open}
          aria-controls="lcb-recent-panel"
          aria-haspopup="dialog"
          onClick={() => this.setState({ open: !open })}
          onKeyDown={this.onKeyDown}
        >
          {t('recent')} <span aria-hidden="true">{open ? '▾' : '▴'}</span>
        </button>
        {open && (
          <div
            ref={this.panel}
            id="lcb-recent-panel"
            class="lcb-popover"
            role="dialog"
            aria-label={t('recentList')}
            tabIndex={-1}
            onKeyDown={this.onKeyDown}
          >
            <div class="lcb-popover-title">{t('recent')}</div>
            {events.length === 0 ? (
              <p class="lcb-empty">{t('noEvents')}</p>
            ) : (
              <ul class="lcb-events">
                {events.map((event) => (
                  <li key={event.id} class={event.analysis ? 'lcb-event lcb-event-analysis' : 'lcb-event'}>
                    <bdi>{event.text}</bdi>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    );
  }
}
