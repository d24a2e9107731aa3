// References for queries/javascript.scm and ecma.scm.
import React, { useState, useEffect as onMount } from "react";
import { format } from "./lib/format.js";
const fs = require("fs");

class Panel extends React.Component {
  render() {
    const [n, setN] = useState(0);
    onMount(() => console.log(format(n)));
    return <Layout.Box><Button label="x" /><div /></Layout.Box>;
  }
}

export function load(path) {
  const s = new Store(fs.readFileSync(path));
  return s.items.map((x) => x.id).filter(Boolean);
}
