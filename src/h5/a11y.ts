/**
 * H5 only: Taro's router scrolls each page inside its own element (div.taro_page, overflow-y:
 * scroll), which a keyboard cannot reach (axe: scrollable-region-focusable). Each page element
 * is made focusable as it appears. The weapp has no such element: WeChat scrolls the page itself.
 */
export function focusablePageScrollers(doc: Document = document): void {
  const mark = (root: ParentNode) => {
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('.taro_page:not([tabindex])'))) {
      el.setAttribute('tabindex', '0')
    }
  }
  mark(doc)
  new MutationObserver(() => mark(doc)).observe(doc.body, { childList: true, subtree: true })
}

/**
 * H5 only: a field's class (and so its padding and border) is on Taro's wrapper, so a tap on the
 * padding reached the wrapper, not the native input. A tap anywhere on the field focuses it.
 */
export function wholeFieldTakesTheTap(doc: Document = document): void {
  doc.addEventListener('click', (e) => {
    const target = e.target as HTMLElement | null
    if (!target || !/^TARO-(INPUT|TEXTAREA)-CORE$/.test(target.tagName)) return
    target.querySelector<HTMLElement>('input, textarea')?.focus()
  })
}
