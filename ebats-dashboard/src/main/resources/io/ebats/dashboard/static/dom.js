// Element builders. Every value goes into the page as text: text nodes and textContent, never HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. props: class, testid, text, on (event -> handler) and any DOM property or attribute;
 * children: nodes or strings (as text), null and false are skipped, arrays are flattened.
 */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  applyProps(node, props, false);
  append(node, children);
  return node;
}

/** Creates an SVG element; every prop is an attribute. */
export function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  applyProps(node, props, true);
  append(node, children);
  return node;
}

function applyProps(node, props, asAttributes) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'testid') {
      node.setAttribute('data-testid', value);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else if (key === 'data') {
      for (const [name, v] of Object.entries(value)) {
        if (v !== null && v !== undefined) {
          node.dataset[name] = String(v);
        }
      }
    } else if (asAttributes || key.includes('-')) {
      node.setAttribute(key, String(value));
    } else {
      node[key] = value;
    }
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The element of this id. */
export const $ = (id) => document.getElementById(id);
