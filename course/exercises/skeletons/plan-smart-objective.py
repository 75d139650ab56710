# One SMART objective as a sentence in quotes, on a measure other than CSAT, starting from your figure above:
# what moves, from where to where, by when, and who owns it? e.g. "Cut ... from ... to ... within ... weeks, owned by ..."
answer = ___
