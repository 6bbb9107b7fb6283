"${./strings-data}" != ""
