let __findFile = path: name: "found:${name}"; in <some/where>
