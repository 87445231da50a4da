export const id = 886;
export const ids = [886];
export const modules = {

/***/ 2886:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderExposuresTerminalReport: () => (/* binding */ renderExposuresTerminalReport)
/* harmony export */ });
/* harmony import */ var _core_report_exposures_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(94);
/* harmony import */ var _core_report_outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1428);
/* harmony import */ var _render_terminal_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7227);



function renderModel(model, palette) {
    const id = (0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(model.modelId);
    if (model.status === 'read')
        return [`  model ${id}: ${(0,_core_report_exposures_js__WEBPACK_IMPORTED_MODULE_0__/* .describeExposureCounts */ .Fe)(model)}`];
    const status = model.httpStatus === undefined ? '' : ` (HTTP ${model.httpStatus})`;
    const heading = model.status === 'failed'
        ? `  ${palette.red(`! failed${status}`)}  model ${palette.bold(id)}`
        : `  ${palette.dim(`- skipped  model ${id}`)}`;
    const lines = [heading];
    if (model.error !== undefined) {
        lines.push(`      ${palette.red('error:')} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(model.error)}`);
    }
    if (model.hint !== undefined)
        lines.push(`      ${palette.bold('hint:')} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(model.hint)}`);
    return lines;
}
function renderChanges(mark, changes, colour) {
    return changes.map((change) => {
        // As JSON: a title's line breaks and tabs then show as `\n`, `\t`, and keep to its line.
        const label = change.label === undefined ? '' : `  ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(JSON.stringify(change.label))}`;
        return `  ${colour(`${mark} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(change.name)}`)}${label}`;
    });
}
/** The report as terminal text, ending in a newline (issues apart). */
function renderExposuresTerminalReport(report, palette) {
    const outcome = (0,_core_report_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .summariseOutcome */ .RU)(report);
    const lines = [];
    const { exposures } = report;
    if (exposures !== undefined) {
        lines.push(palette.bold(`Omni dbt exposures of ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(report.configPath)} → ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(exposures.path)}`), '', ...exposures.models.flatMap((model) => renderModel(model, palette)));
        if (exposures.error !== undefined)
            lines.push(`  ${palette.red('error:')} ${(0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(exposures.error)}`);
        const changes = [
            ...renderChanges('+', exposures.added, palette.green),
            ...renderChanges('-', exposures.removed, palette.red),
            ...renderChanges('~', exposures.updated, palette.yellow),
        ];
        if (changes.length > 0)
            lines.push('', ...changes);
        lines.push('');
    }
    const text = (0,_render_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeTerminalText */ .nR)(outcome.headline);
    lines.push(outcome.isFailure ? palette.red(text) : palette.bold(text));
    return `${lines.join('\n')}\n`;
}


/***/ })

};
