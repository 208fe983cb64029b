"""Documents in Maillage's house style: content as blocks, written per format."""
