; placeholder: the query for c is being written
