// Package chart draws the charts of seedbed's web pages as inline SVG rendered on the server,
// so that pages need no JavaScript, no external fonts and no network: indicator time series with
// award markers, Lorenz and Pareto charts of value concentration, bar charts, sparklines,
// distributions per strategy and confidence-interval comparisons.
//
// Every chart is a small struct whose SVG (or Render, for html/template) method is a pure
// function of its fields: the same input gives byte-identical output. All caller text is
// XML-escaped, every chart carries role="img" with a <title> and a plain-language <desc>, and
// series are told apart by colour (the Okabe–Ito colour-blind-safe palette), dash pattern and
// point shape. Empty or degenerate input (no values, NaN, ±Inf, one point, all equal) renders
// a labelled chart and never panics.
//
// The package must not depend on anything else in seedbed, nor do any I/O: it is imported by
// the web layer, which passes in numbers and already-translated text.
package chart
