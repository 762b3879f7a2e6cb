/* global module */
/**
 * Drops the @font-face rules NutUI's theme (dist/styles/themes/default.css) inlines as base64:
 * JDZH-Regular and JDZH-Bold (~17 KB), the digit fonts of NutUI's Price, Badge and CountDown,
 * which this app does not use. Every page loads the theme (app.wxss), so they cost the main
 * package on every start. Applied to that one file only (config/index.ts); test/weapp/gate.test.ts
 * holds that no stylesheet names the fonts afterwards.
 */
module.exports = function dropFontFaces(source) {
  return String(source).replace(/@font-face\s*\{[^}]*\}/g, '')
}
